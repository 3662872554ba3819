import CLibXML2

/// A document parsed by libxml2 (XML or HTML); frees its tree when released.
///
/// Parsing never touches the network (`XML_PARSE_NONET`), never substitutes entities
/// (no `XML_PARSE_NOENT`) and never loads a DTD (no `XML_PARSE_DTDLOAD`).
final class XMLTree {
    private let document: xmlDocPtr

    private init(_ document: xmlDocPtr) { self.document = document }

    deinit { xmlFreeDoc(document) }

    /// libxml2's global state, set up once before any parse on any thread.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses XML; `nil` when it is not well-formed.
    static func xml(_ bytes: [UInt8]) -> XMLTree? {
        _ = initialized
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReadMemory($0, Int32(clamping: buffer.count), "document.xml", nil, options)
                }
            }
        }
        return document.map(XMLTree.init)
    }

    /// Parses HTML given as UTF-8, ignoring any charset the page declares (it was already decoded).
    static func html(utf8 bytes: [UInt8]) -> XMLTree? {
        _ = initialized
        let options = Int32(
            HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(clamping: buffer.count), "page.html", "UTF-8", options)
                }
            }
        }
        return document.map(XMLTree.init)
    }

    /// The root element, if any.
    var root: XMLNode? { xmlDocGetRootElement(document).map(XMLNode.init) }

    /// Whether the document carries a DOCTYPE (internal or external subset).
    var hasDoctype: Bool { document.pointee.intSubset != nil || document.pointee.extSubset != nil }
}

/// A borrowed node of an ``XMLTree``; valid only while the tree is alive.
struct XMLNode {
    let pointer: xmlNodePtr

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// The local name (without prefix) as libxml2 stores it; HTML names are lower case.
    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// Whether the local name equals `ascii`, compared without building a String.
    func named(_ ascii: StaticString) -> Bool {
        guard let name = pointer.pointee.name else { return false }
        return Self.equal(name, ascii)
    }

    /// Whether the element's namespace URI equals `uri`, compared without building a String.
    func inNamespace(_ uri: StaticString) -> Bool {
        guard let href = pointer.pointee.ns?.pointee.href else { return false }
        return uri.withUTF8Buffer { expected in
            for index in 0..<expected.count where href[index] != expected[index] { return false }
            return href[expected.count] == 0
        }
    }

    /// The namespace URI, or `nil`.
    var namespaceURI: String? { pointer.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// The text of a text or CDATA node.
    var content: String { pointer.pointee.content.map { String(cString: $0) } ?? "" }

    /// The child nodes in document order.
    var children: XMLChildren { XMLChildren(first: pointer.pointee.children) }

    /// The value of the attribute whose local name is `name` (any namespace), or `nil`.
    func attribute(_ name: StaticString) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, Self.equal(attributeName, name) {
                return Self.text(of: current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The value of an attribute node.
    static func text(of attribute: xmlAttrPtr) -> String {
        var text = ""
        var child = attribute.pointee.children
        while let node = child {
            if let content = node.pointee.content { text += String(cString: content) }
            child = node.pointee.next
        }
        return text
    }

    private static func equal(_ name: UnsafePointer<xmlChar>, _ ascii: StaticString) -> Bool {
        ascii.withUTF8Buffer { expected in
            for index in 0..<expected.count where name[index] != expected[index] { return false }
            return name[expected.count] == 0
        }
    }
}

/// The children of an ``XMLNode``.
struct XMLChildren: Sequence, IteratorProtocol {
    var first: xmlNodePtr?

    mutating func next() -> XMLNode? {
        guard let node = first else { return nil }
        first = node.pointee.next
        return XMLNode(pointer: node)
    }
}

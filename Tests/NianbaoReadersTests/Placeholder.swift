import Testing

@Test func placeholderNianbaoReaders() { #expect(Bool(true)) }

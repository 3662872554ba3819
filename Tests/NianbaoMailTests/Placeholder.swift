import Testing

@Test func placeholderNianbaoMail() { #expect(Bool(true)) }

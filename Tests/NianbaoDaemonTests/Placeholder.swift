import Testing

@Test func placeholderNianbaoDaemon() { #expect(Bool(true)) }

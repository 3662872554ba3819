import Testing

@Test func placeholdernianbaod() { #expect(Bool(true)) }

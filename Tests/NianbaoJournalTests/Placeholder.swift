import Testing

@Test func placeholderNianbaoJournal() { #expect(Bool(true)) }

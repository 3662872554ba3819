/// Rejection notices and digests through sendmail.
public enum NianbaoMail {}

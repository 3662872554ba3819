/// Reports with known truth rendered into every layout.
public enum NianbaoTestSupport {}

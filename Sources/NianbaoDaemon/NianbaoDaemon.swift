/// The long-running service.
public enum NianbaoDaemon {}

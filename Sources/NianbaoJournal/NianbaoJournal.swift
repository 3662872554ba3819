/// The systemd journal, stderr fallback and sd_notify.
public enum NianbaoJournal {}

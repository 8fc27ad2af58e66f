// An app's own model types, named as everyday apps name them, and as the packages name theirs.
#pragma warning disable CA1040, CA1716, CA1724 // empty, keyword-like and framework-like names are the point here

namespace MyShop.Models;

public class UserProfile { public string Name { get; set; } = "app"; }

public class UserInfo { public string Name { get; set; } = "app"; }

public class Option { public string Name { get; set; } = "app"; }

public enum Gender { Unknown, Male, Female }

public enum Language { En, ZhCN }

public class Server { public string Name { get; set; } = "app"; }

public class Session { public string Name { get; set; } = "app"; }

public class Client { public string Name { get; set; } = "app"; }

public class Profile { public string Name { get; set; } = "app"; }

public class Watermark { public string Name { get; set; } = "app"; }

public class Emulator { public string Name { get; set; } = "app"; }

public class AspNetCore { public string Name { get; set; } = "app"; }

public class Tool { public string Name { get; set; } = "app"; }

public class Redis { public string Name { get; set; } = "app"; }

public class PostgreSql { public string Name { get; set; } = "app"; }

public class WeChat { public string Name { get; set; } = "app"; }

public class Crypto { public string Name { get; set; } = "app"; }

public class Diagnostics { public string Name { get; set; } = "app"; }

public class Serialization { public string Name { get; set; } = "app"; }

public class Sessions { public string Name { get; set; } = "app"; }

public class Login { public string Name { get; set; } = "app"; }

public class Errors { public string Name { get; set; } = "app"; }

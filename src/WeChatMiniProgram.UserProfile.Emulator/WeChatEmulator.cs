using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// A local stand-in for WeChat's servers and the user's phone. Its server side answers WeChat's own paths, parameters,
/// field names and errcodes (<c>/sns/jscode2session</c>, <c>/cgi-bin/stable_token</c>, <c>/cgi-bin/token</c>,
/// <c>/wxa/checksession</c>); its device side (<c>/emulator/…</c>) logs users in and runs getUserProfile with the
/// SDK's own <see cref="UserProfileClient"/>, under the session key of the user's latest login.
/// </summary>
/// <remarks>
/// Thread-safe. Use it in-process through <see cref="CreateHandler"/> (an <see cref="HttpMessageHandler"/>, no port),
/// or over HTTP through <see cref="WeChatEmulatorHost"/> and <c>userprofile serve</c>.
/// Built-in demo users: <c>alice</c> and <c>bob</c>.
/// </remarks>
public sealed partial class WeChatEmulator
{
    private const int AccessTokenLifetimeSeconds = 7200;

    private readonly WeChatEmulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, EmulatorApp> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserInfo> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AppId, string User), string> _sessionKeys = new();
    private readonly ConcurrentDictionary<string, Fault> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _blocked = new(StringComparer.Ordinal);
    private readonly PagePrompts _prompts;

    /// <summary>Initializes a new instance of the <see cref="WeChatEmulator"/> class with the demo users and no apps.</summary>
    /// <param name="options">The code lifetime and the identity seed; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">
    /// The clock of every expiry rule and of the <see cref="WeChatEmulatorOptions.AskTimeout"/>; <see langword="null"/> for <see cref="TimeProvider.System"/>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message lists <see cref="WeChatEmulatorOptions.GetValidationErrors"/>.</exception>
    public WeChatEmulator(WeChatEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = (options ?? new WeChatEmulatorOptions()).Clone();
        if (_options.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid WeChatEmulatorOptions: {string.Join(" ", errors)}", nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _clock = new EmulatorClock(this);
        _prompts = new PagePrompts(MaxPendingPrompts);
        SetUser("alice", new UserInfo
        {
            NickName = "Alice 爱丽丝", Gender = Gender.Female, Language = "zh_CN", City = "Guangzhou", Province = "Guangdong", Country = "China",
            AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/alice/132",
        });
        SetUser("bob", new UserInfo
        {
            NickName = "Bob 😀", Gender = Gender.Male, Language = "en", City = "Shenzhen", Province = "Guangdong", Country = "China",
            AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/bob/132",
        });
    }

    /// <summary>Adds or replaces a mini program.</summary>
    /// <param name="app">The app.</param>
    /// <returns>This emulator, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The AppId is not a mini-program AppId, or the AppSecret is empty.</exception>
    public WeChatEmulator AddApp(EmulatorApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (new WeChatApiOptions { AppId = app.AppId, AppSecret = app.AppSecret }.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid EmulatorApp: {string.Join(" ", errors)}", nameof(app));
        }
        _apps[app.AppId] = app;
        return this;
    }

    /// <summary>Adds or replaces a user's profile.</summary>
    /// <param name="user">The user's name in the emulator, e.g. <c>alice</c>.</param>
    /// <param name="profile">The profile getUserProfile shares (before any anonymisation).</param>
    /// <returns>This emulator, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is empty, or <paramref name="profile"/> has a null field.</exception>
    public WeChatEmulator SetUser(string user, UserInfo profile)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(profile);
        if (ProfileProblem(profile) is { } problem)
        {
            throw new ArgumentException(problem, nameof(profile));
        }

        _users[user] = profile;
        return this;
    }

    /// <summary>
    /// Marks a user as one WeChat refuses to log in (a high-risk account): code2Session answers their codes with 40226
    /// (code blocked, "invalid login rank") until they are unblocked, in every app.
    /// </summary>
    /// <param name="user">The user, e.g. <c>alice</c>.</param>
    /// <param name="blocked"><see langword="true"/> to block; <see langword="false"/> to let them log in again.</param>
    /// <returns>This emulator, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is empty or not a user of the emulator.</exception>
    public WeChatEmulator BlockUser(string user, bool blocked = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        if (!_users.ContainsKey(user))
        {
            throw new ArgumentException($"Unknown user '{user}'. Create it with SetUser first; alice and bob are built in.", nameof(user));
        }

        _blocked[user] = blocked;
        return this;
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> calls to a WeChat API answer with <paramref name="errCode"/>, to test how
    /// a backend handles -1 (system busy), 45011 (rate limited), 40226 (high-risk user) and the like.
    /// </summary>
    /// <param name="api">The API: <c>jscode2session</c>, <c>stable_token</c>, <c>token</c>, <c>checksession</c>, <c>msg_sec_check</c> or <c>media_check_async</c>.</param>
    /// <param name="errCode">The errcode to answer with.</param>
    /// <param name="count">How many calls; at least 1.</param>
    /// <param name="appId">Only the calls of this app (such as WeChat's frequency limit, 45011, for one app); <see langword="null"/> for every app.</param>
    /// <returns>This emulator, for chaining.</returns>
    public WeChatEmulator InjectFault(string api, int errCode, int count = 1, string? appId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(api);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _faults[FaultKey(api, appId)] = new Fault(errCode, count);
        return this;
    }

    /// <summary>
    /// What <c>wx.login</c> does on the phone: gives the (app, user) a fresh session key, so any earlier key goes
    /// stale, and returns a code the backend exchanges through code2Session.
    /// </summary>
    /// <param name="appId">The mini program.</param>
    /// <param name="user">The user.</param>
    /// <returns>The one-time login code.</returns>
    /// <exception cref="ArgumentException">The app or the user is unknown.</exception>
    public string Login(string appId, string user)
    {
        ArgumentNullException.ThrowIfNull(appId);
        ArgumentNullException.ThrowIfNull(user);
        return TryLogin(appId, user, out var code, out var problem) ? code : throw new ArgumentException(problem);
    }

    /// <summary>Creates a handler that answers in-process, for an <see cref="HttpClient"/> pointed at the emulator without a port.</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => new WeChatEmulatorHandler(this);

    /// <summary>Returns a description of what the emulator holds; no secret or key.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatEmulator {{ {_apps.Count} apps, {_users.Count} users, {_sessionKeys.Count} sessions }}";

    /// <summary>The openid of (app, user): "o" and 27 characters of [A-Za-z0-9_-], stable for the seed and opaque.</summary>
    internal string OpenIdOf(string appId, string user) => Identity("openid", appId + "\n" + user);

    /// <summary>The unionid of a user: the same for every app.</summary>
    internal string UnionIdOf(string user) => Identity("unionid", user);

    private static string? ProfileProblem(UserInfo profile)
        => profile.NickName is null || profile.Language is null || profile.City is null || profile.Province is null || profile.Country is null || profile.AvatarUrl is null
            ? "Every userInfo field must be present: nickName, gender, language, city, province, country, avatarUrl."
            : profile.Gender is < Gender.Unknown or > Gender.Female ? "gender must be 0 (unknown), 1 (male) or 2 (female)."
            : new[] { profile.NickName, profile.Language, profile.City, profile.Province, profile.Country, profile.AvatarUrl }.Any(static f => f.Length > MaxFieldLength)
                ? $"A userInfo field is at most {MaxFieldLength} characters." : null;

    private string Identity(string kind, string subject)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.IdentitySeed), Encoding.UTF8.GetBytes(kind + "\n" + subject));
        var text = Convert.ToBase64String(mac).Replace('+', '-').Replace('/', '_');
        return "o" + text[..27];
    }

    private bool TryLogin(string appId, string user, out string code, out string problem)
    {
        code = string.Empty;
        if (!_apps.ContainsKey(appId))
        {
            problem = $"Unknown appid '{appId}'. Add it with --app-id/--app-secret, or AddApp.";
            return false;
        }

        if (!_users.ContainsKey(user))
        {
            problem = $"Unknown user '{user}'. Create it with PUT /emulator/users/{user}, or SetUser; alice and bob are built in.";
            return false;
        }

        var sessionKey = InMemorySessionKeyProvider.CreateSessionKey();
        _sessionKeys[(appId, user)] = sessionKey;
        _lastLogins[(appId, user)] = Now;
        code = RandomToken(24);
        _codes[code] = new IssuedCode(appId, user, sessionKey, Now);
        problem = string.Empty;
        return true;
    }

    private static string FaultKey(string api, string? appId) => api + "|" + (appId ?? "*");

    /// <summary>Takes one injected fault for the call: the app's own first, then one for every app.</summary>
    private bool TryTakeFault(string api, string appId, out int errCode)
        => TryTakeFault(FaultKey(api, appId), out errCode) || TryTakeFault(FaultKey(api, null), out errCode);

    private bool TryTakeFault(string key, out int errCode)
    {
        while (_faults.TryGetValue(key, out var fault))
        {
            var next = fault with { Remaining = fault.Remaining - 1 };
            var swapped = next.Remaining == 0
                ? ((ICollection<KeyValuePair<string, Fault>>)_faults).Remove(new KeyValuePair<string, Fault>(key, fault))
                : _faults.TryUpdate(key, next, fault);
            if (swapped)
            {
                errCode = fault.ErrCode;
                return true;
            }
        }

        errCode = 0;
        return false;
    }

    /// <summary>
    /// The emulator's clock as a TimeProvider, for the phone's SDK: watermarks carry the emulator's time, and timers
    /// (the ask timeout) run on the emulator's own TimeProvider, so a test can move them.
    /// </summary>
    private sealed class EmulatorClock(WeChatEmulator emulator) : TimeProvider
    {
        public override long TimestampFrequency => emulator._timeProvider.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => emulator.Now;

        public override long GetTimestamp() => emulator._timeProvider.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => emulator._timeProvider.CreateTimer(callback, state, dueTime, period);
    }

    private static string RandomToken(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random).Replace('+', '-').Replace('/', '_').TrimEnd('=');
    }

    private sealed record IssuedCode(string AppId, string User, string SessionKey, DateTimeOffset IssuedAt)
    {
        public bool Used { get; set; }

        public override string ToString() => $"IssuedCode {{ AppId = {AppId}, User = {User} }}";
    }

    private sealed record Fault(int ErrCode, int Remaining);
}

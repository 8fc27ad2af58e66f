using System.Collections.Concurrent;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// WeChat's documented rules for access tokens, on a clock tests can move, and the log of WeChat-side calls.
/// </summary>
public sealed partial class WeChatEmulator
{
    /// <summary>How many WeChat-side calls the call log keeps: the most recent ones.</summary>
    public const int CallLogCapacity = 10_000;

    private const int StableRenewSeconds = 300;
    private const int ForcedRefreshSeconds = 30;
    private const int ForcedRefreshesPerDay = 20;
    private const int TokenOverlapSeconds = 300;
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, AppTokens> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EmulatorCall> _calls = new();
    private long _clockOffsetTicks;

    /// <summary>Gets the emulator's current time: its clock plus every <see cref="AdvanceClock"/>.</summary>
    public DateTimeOffset Now => _timeProvider.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));

    /// <summary>
    /// Moves the emulator's clock forward for every rule: code and token expiry, the 30 s between forced refreshes,
    /// the daily count of forced refreshes.
    /// </summary>
    /// <param name="by">How far; zero or more.</param>
    /// <returns>The new time.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public DateTimeOffset AdvanceClock(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _clockOffsetTicks, by.Ticks);
        return Now;
    }

    /// <summary>Gets the WeChat-side calls answered, oldest first: the last <see cref="CallLogCapacity"/>. Never a secret.</summary>
    /// <returns>The calls.</returns>
    public IReadOnlyList<EmulatorCall> GetCalls() => [.. _calls];

    private void Record(string api, string? appId, int errCode, bool? forceRefresh = null)
    {
        _calls.Enqueue(new EmulatorCall(api, appId, errCode, forceRefresh));
        while (_calls.Count > CallLogCapacity && _calls.TryDequeue(out _))
        {
        }
    }

    /// <summary>stable_token: the same token while it has more than 5 minutes left, a new one in its last 5 minutes; forced refreshes revoke the old one, 30 s apart, 20 a day.</summary>
    private (int ErrCode, string? Token, long ExpiresIn) StableToken(string appId, bool forceRefresh)
    {
        var state = _tokens.GetOrAdd(appId, _ => new AppTokens());
        lock (state)
        {
            var now = Now;
            var current = state.Stable;
            if (forceRefresh)
            {
                if (current is not null && state.LastForced is { } last && now - last < TimeSpan.FromSeconds(ForcedRefreshSeconds))
                {
                    return (0, current.Token, Remaining(current, now)); // refreshes nothing: the current token
                }

                var day = now.ToOffset(ChinaStandardTime).Date;
                var forcedToday = state.ForcedDay == day ? state.ForcedCount : 0;
                if (forcedToday >= ForcedRefreshesPerDay)
                {
                    return (45009, null, 0);
                }

                state.ForcedDay = day;
                state.ForcedCount = forcedToday + 1;
                state.LastForced = now;
                if (current is not null)
                {
                    current.RevokedAt = now; // the previous token answers 40001 from now on
                }

                current = state.Stable = NewToken(appId, now, "stable");
                return (0, current.Token, Remaining(current, now));
            }

            if (current is null || current.ExpiresAt - now <= TimeSpan.FromSeconds(StableRenewSeconds))
            {
                current = state.Stable = NewToken(appId, now, "stable");
            }

            return (0, current.Token, Remaining(current, now));
        }
    }

    /// <summary>/cgi-bin/token: its own token, apart from stable_token's; each call issues a new one, the previous one valid 5 more minutes.</summary>
    private (string Token, long ExpiresIn) PlainToken(string appId)
    {
        var state = _tokens.GetOrAdd(appId, _ => new AppTokens());
        lock (state)
        {
            var now = Now;
            if (state.Plain is { } previous && previous.ExpiresAt > now + TimeSpan.FromSeconds(TokenOverlapSeconds))
            {
                previous.ExpiresAt = now + TimeSpan.FromSeconds(TokenOverlapSeconds);
            }

            var token = state.Plain = NewToken(appId, now, "plain");
            return (token.Token, Remaining(token, now));
        }
    }

    /// <summary>0 for a valid token, else WeChat's errcode: 41001 missing, 40001 unknown or revoked, 42001 expired.</summary>
    private int CheckAccessToken(string? token, out string? appId)
    {
        appId = null;
        if (token is null or "")
        {
            return 41001;
        }

        if (!_issuedTokens.TryGetValue(token, out var issued) || issued.RevokedAt is not null)
        {
            return 40001;
        }

        appId = issued.AppId;
        return issued.ExpiresAt <= Now ? 42001 : 0;
    }

    private IssuedToken NewToken(string appId, DateTimeOffset now, string kind)
    {
        var token = new IssuedToken(RandomToken(48), appId, now.AddSeconds(AccessTokenLifetimeSeconds), kind);
        _issuedTokens[token.Token] = token;
        return token;
    }

    private static long Remaining(IssuedToken token, DateTimeOffset now) => Math.Max(1, (long)(token.ExpiresAt - now).TotalSeconds);

    private readonly ConcurrentDictionary<string, IssuedToken> _issuedTokens = new(StringComparer.Ordinal);

    private sealed class AppTokens
    {
        public IssuedToken? Stable { get; set; }

        public IssuedToken? Plain { get; set; }

        public DateTimeOffset? LastForced { get; set; }

        public DateTime ForcedDay { get; set; }

        public int ForcedCount { get; set; }
    }

    private sealed class IssuedToken(string token, string appId, DateTimeOffset expiresAt, string kind)
    {
        public string Token { get; } = token;

        public string AppId { get; } = appId;

        public string Kind { get; } = kind;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public DateTimeOffset? RevokedAt { get; set; }

        public override string ToString() => $"IssuedToken {{ AppId = {AppId}, Kind = {Kind}, token redacted }}";
    }
}

using System.Net.Http;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The mini program's access token from <c>POST /cgi-bin/stable_token</c>, in normal mode: cached until shortly before it
/// expires and refreshed with one request however many callers wait. Thread-safe; one per app (a singleton).
/// </summary>
/// <remarks>
/// <para>
/// Several instances, and other services of the same app, share one token at WeChat, and a forced refresh
/// (<c>force_refresh=true</c>) invalidates the token every one of them holds; WeChat allows 20 a day, 30 s apart. So
/// this provider never forces a refresh when WeChat rejects a token (40001, 42001): <see cref="RenewRejectedAsync"/>
/// asks again in normal mode first, because another instance may already have caused a new one, and forces only when
/// normal mode hands back the very token WeChat just rejected, and only within WeChat's rules.
/// </para>
/// <para>The token and the AppSecret never appear in exceptions or <see cref="ToString"/>.</para>
/// </remarks>
public sealed class WeChatAccessTokenProvider
{
    /// <summary>How long before WeChat's <c>expires_in</c> the cached token is refreshed (in normal mode).</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>WeChat's rule: forced refreshes at least this far apart.</summary>
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>WeChat's rule: at most this many forced refreshes per app and day (China Standard Time).</summary>
    public const int ForcedRefreshesPerDay = 20;

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private readonly Func<HttpClient> _httpClient;
    private readonly WeChatApiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatServerObserver _observer;
    private readonly SyncLock _gate = new();
    private Cached? _cached;
    private Task<Cached>? _refreshing;
    private DateTimeOffset? _lastForced;
    private (DateTime Day, int Count) _forcedToday;

    /// <summary>Initializes a new instance of the <see cref="WeChatAccessTokenProvider"/> class over one long-lived client.</summary>
    /// <param name="httpClient">The client to send with, kept for the provider's life.</param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="timeProvider">The clock for the token's expiry and retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <param name="observer">Hears token fetches and rejections; <see langword="null"/> for none.</param>
    public WeChatAccessTokenProvider(HttpClient httpClient, WeChatApiOptions options, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
        : this(Keep(httpClient), options, timeProvider, observer)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatAccessTokenProvider"/> class that takes a client per request.</summary>
    /// <param name="httpClientFactory">
    /// Makes the client for each request, such as <c>() =&gt; factory.CreateClient(name)</c> over IHttpClientFactory, so a
    /// singleton provider follows the factory's handler rotation (DNS changes) instead of holding one client forever.
    /// </param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="timeProvider">The clock for the token's expiry and retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <param name="observer">Hears token fetches and rejections; <see langword="null"/> for none.</param>
    public WeChatAccessTokenProvider(Func<HttpClient> httpClientFactory, WeChatApiOptions options, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(WeChatApiOptions), options.GetValidationErrors());
        _httpClient = httpClientFactory;
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _observer = observer ?? WeChatServerObserver.None;
    }

    /// <summary>Gets a valid access token: the cached one while it is not about to expire, else one fetched in normal mode.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait; a refresh other callers share goes on.</param>
    /// <returns>The access token.</returns>
    /// <exception cref="WeChatApiException">WeChat refused or the reply was not a token.</exception>
    public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Fresh(_cached) is { } token)
            {
                return Task.FromResult(token);
            }
        }

        return RefreshAsync(forceRefresh: false, _cached is null ? "first use" : "expiring", cancellationToken);
    }

    /// <summary>
    /// Gets a token to use instead of <paramref name="rejectedToken"/>, which WeChat just answered with 40001 or 42001:
    /// the cached one if another caller already replaced it, else one fetched in normal mode (another instance may have
    /// caused a new one), and only when normal mode returns the rejected token itself, a forced refresh, if WeChat's
    /// rules (30 s apart, 20 a day) allow one.
    /// </summary>
    /// <param name="rejectedToken">The token WeChat rejected.</param>
    /// <param name="cancellationToken">Cancels this caller's wait.</param>
    /// <returns>A token other than <paramref name="rejectedToken"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="rejectedToken"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="WeChatApiException">WeChat refused, or only a forced refresh could help and WeChat's rules forbid one now (errcode 45009).</exception>
    public async Task<string> RenewRejectedAsync(string rejectedToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedToken);
        lock (_gate)
        {
            if (_cached is { } cached && !string.Equals(cached.Token, rejectedToken, StringComparison.Ordinal) && Fresh(cached) is { } other)
            {
                return other;
            }

            _cached = null; // the rejected token is never handed out again
        }

        var normal = await RefreshAsync(forceRefresh: false, "rejected", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(normal, rejectedToken, StringComparison.Ordinal))
        {
            return normal;
        }

        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            var day = now.ToOffset(ChinaStandardTime).Date;
            var forcedToday = _forcedToday.Day == day ? _forcedToday.Count : 0;
            if (_lastForced is { } last && now - last < ForcedRefreshInterval || forcedToday >= ForcedRefreshesPerDay)
            {
                _cached = null;
                throw new WeChatApiException(
                    "stable_token",
                    WeChatErrCodes.ForcedRefreshLimit,
                    $"WeChat rejected the access token and normal mode returns the same one, but a forced refresh is not allowed now (30 s apart, {ForcedRefreshesPerDay} a day); try again shortly.");
            }

            _lastForced = now;
            _forcedToday = (day, forcedToday + 1);
        }

        return await RefreshAsync(forceRefresh: true, "forced", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RefreshAsync(bool forceRefresh, string reason, CancellationToken cancellationToken)
    {
        Task<Cached> refresh;
        lock (_gate)
        {
            // One request however many callers wait: they all join the refresh in flight (a forced one starts its own).
            if (forceRefresh || _refreshing is null || _refreshing.IsCompleted)
            {
                _observer.AccessTokenFetched(_options.AppId!, reason);
                _refreshing = FetchAsync(forceRefresh);
            }

            refresh = _refreshing;
        }

        return (await refresh.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
    }

    private async Task<Cached> FetchAsync(bool forceRefresh)
    {
        var reply = await WeChatApiCaller.SendAsync(
            _httpClient(),
            _options,
            _timeProvider,
            _observer,
            "stable_token",
            () => new HttpRequestMessage(HttpMethod.Post, WeChatLoginClient.Endpoint(_options, "cgi-bin/stable_token", null))
            {
                Content = new StringContent(
                    JsonSerializer.Serialize(new StableTokenRequest("client_credential", _options.AppId!, _options.AppSecret!, forceRefresh), WeChatApiJsonContext.Default.StableTokenRequest),
                    Encoding.UTF8,
                    "application/json"),
            },
            WeChatApiJsonContext.Default.AccessTokenReply,
            static reply => reply.ErrCode,
            CancellationToken.None).ConfigureAwait(false);

        if (reply.ErrCode is { } errCode and not 0)
        {
            throw new WeChatApiException("stable_token", errCode, reply.ErrMsg);
        }

        if (reply.AccessToken is null or "" || reply.ExpiresIn is not > 0)
        {
            throw new WeChatApiException("stable_token: WeChat's reply carried neither an access_token with its expires_in nor an errcode.");
        }

        var lifetime = TimeSpan.FromSeconds(reply.ExpiresIn.Value);
        var refreshAt = _timeProvider.GetUtcNow() + (lifetime > RefreshMargin + RefreshMargin ? lifetime - RefreshMargin : TimeSpan.FromTicks(lifetime.Ticks / 2));
        var cached = new Cached(reply.AccessToken, refreshAt);
        lock (_gate)
        {
            _cached = cached;
        }

        return cached;
    }

    /// <summary>Returns a description with the token and the AppSecret left out.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatAccessTokenProvider {{ AppId = {_options.AppId}, token cached: {Volatile.Read(ref _cached) is not null} }}";

    private string? Fresh(Cached? cached) => cached is not null && _timeProvider.GetUtcNow() < cached.RefreshAt ? cached.Token : null;

    private sealed record Cached(string Token, DateTimeOffset RefreshAt)
    {
        public override string ToString() => "Cached { token redacted }";
    }

    private static Func<HttpClient> Keep(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }
}

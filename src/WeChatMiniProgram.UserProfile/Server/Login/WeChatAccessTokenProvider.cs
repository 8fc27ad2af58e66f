using System.Net.Http;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The mini program's access token from <c>POST /cgi-bin/stable_token</c>, cached until shortly before it expires and
/// refreshed with one request however many callers wait. Thread-safe; one per app.
/// </summary>
/// <remarks>The token and the AppSecret never appear in exceptions or <see cref="ToString"/>.</remarks>
public sealed class WeChatAccessTokenProvider
{
    /// <summary>How long before WeChat's <c>expires_in</c> the cached token is refreshed.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly HttpClient _httpClient;
    private readonly WeChatApiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SyncLock _gate = new();
    private Cached? _cached;
    private Task<Cached>? _refreshing;

    /// <summary>Initializes a new instance of the <see cref="WeChatAccessTokenProvider"/> class.</summary>
    /// <param name="httpClient">The client to send with (from IHttpClientFactory, or your own long-lived one).</param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="timeProvider">The clock for the token's expiry and retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public WeChatAccessTokenProvider(HttpClient httpClient, WeChatApiOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(WeChatApiOptions), options.GetValidationErrors());
        _httpClient = httpClient;
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets a valid access token, from the cache when it has one that is not about to expire.</summary>
    /// <param name="forceRefresh">
    /// Asks WeChat for a new token even if the cached one looks valid (stable_token's <c>force_refresh</c>); use it
    /// after WeChat rejected the token with 40001 or 42001.
    /// </param>
    /// <param name="cancellationToken">Cancels this caller's wait; a refresh other callers share goes on.</param>
    /// <returns>The access token.</returns>
    /// <exception cref="WeChatApiException">WeChat refused or the reply was not a token.</exception>
    public async Task<string> GetAccessTokenAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        Task<Cached> refresh;
        lock (_gate)
        {
            if (!forceRefresh && Fresh(_cached) is { } token)
            {
                return token;
            }

            // One request however many callers wait: they all join the refresh in flight.
            if (_refreshing is null || _refreshing.IsCompleted)
            {
                _refreshing = RefreshAsync(forceRefresh);
            }

            refresh = _refreshing;
        }

        return (await refresh.WaitAsync(cancellationToken).ConfigureAwait(false)).Token;
    }

    private async Task<Cached> RefreshAsync(bool forceRefresh)
    {
        var reply = await WeChatApiCaller.SendAsync(
            _httpClient,
            _options,
            _timeProvider,
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
}

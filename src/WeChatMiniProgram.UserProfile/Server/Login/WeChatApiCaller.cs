using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Sends one request to WeChat's API and reads its JSON reply, retrying errcode -1 (system busy) with exponential
/// backoff. HTTP failures and replies that are not JSON become a <see cref="WeChatApiException"/> without an errcode.
/// </summary>
internal static class WeChatApiCaller
{
    public static async Task<TReply> SendAsync<TReply>(
        HttpClient httpClient,
        WeChatApiOptions options,
        TimeProvider timeProvider,
        WeChatServerObserver observer,
        string api,
        Func<HttpRequestMessage> request,
        JsonTypeInfo<TReply> replyType,
        Func<TReply, int?> errCode,
        CancellationToken cancellationToken)
    {
        var delay = options.BusyRetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            var reply = await SendOnceAsync(httpClient, api, request, replyType, cancellationToken).ConfigureAwait(false);
            if (errCode(reply) != WeChatErrCodes.SystemBusy || attempt >= options.MaxBusyRetries)
            {
                return reply;
            }

            observer.BusyRetry(api, options.AppId!, attempt + 1, delay);
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    /// <summary>
    /// Sends a request that carries the app's access token: a token WeChat rejects (40001 revoked, 42001 expired) is
    /// renewed in normal mode, never by forcing first, and the request sent once more with the new one. Every other
    /// reply, errcodes included, is the caller's to read.
    /// </summary>
    public static async Task<TReply> SendWithAccessTokenAsync<TReply>(
        Func<HttpClient> httpClient,
        WeChatApiOptions options,
        TimeProvider timeProvider,
        WeChatServerObserver observer,
        WeChatAccessTokenProvider accessTokens,
        string api,
        Func<string, HttpRequestMessage> request,
        JsonTypeInfo<TReply> replyType,
        Func<TReply, int?> errCode,
        CancellationToken cancellationToken)
    {
        var token = await accessTokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = token;
            var reply = await SendAsync(httpClient(), options, timeProvider, observer, api, () => request(current), replyType, errCode, cancellationToken).ConfigureAwait(false);
            if (attempt == 0 && errCode(reply) is WeChatErrCodes.InvalidCredential or WeChatErrCodes.AccessTokenExpired)
            {
                observer.AccessTokenRejected(options.AppId!, errCode(reply)!.Value);
                token = await accessTokens.RenewRejectedAsync(token, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return reply;
        }
    }

    private static async Task<TReply> SendOnceAsync<TReply>(
        HttpClient httpClient, string api, Func<HttpRequestMessage> request, JsonTypeInfo<TReply> replyType, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var message = request();
            response = await httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new WeChatApiException($"{api}: WeChat's API could not be reached ({ex.Message}). Check the network and WeChatApiOptions.ApiBaseAddress.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new WeChatApiException(
                    $"{api}: WeChat's API answered HTTP {(int)response.StatusCode} instead of a JSON reply. Check WeChatApiOptions.ApiBaseAddress; retry later if it persists.");
            }

            try
            {
                using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await JsonSerializer.DeserializeAsync(body, replyType, cancellationToken).ConfigureAwait(false)
                    ?? throw NotAReply(api, null);
            }
            catch (JsonException ex)
            {
                // The message of a JsonException can quote the body; only its position is kept.
                throw NotAReply(api, ex.BytePositionInLine);
            }
        }
    }

    private static WeChatApiException NotAReply(string api, long? position)
        => new($"{api}: WeChat's API answered with a body that is not a JSON object{(position is null ? string.Empty : $" (malformed near byte {position})")}. "
            + "Check WeChatApiOptions.ApiBaseAddress: it must point at WeChat's API or an emulator of it.");
}

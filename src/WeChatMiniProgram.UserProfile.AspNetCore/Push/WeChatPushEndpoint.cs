using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// One app's push endpoint: its receiver (none when <c>Push:Token</c> is unset), verification, receipt and dispatch.
/// Bodies are read up to one byte past the receiver's <see cref="WeChatPushOptions.MaxBodyBytes"/>, which refuses them.
/// </summary>
internal sealed partial class WeChatPushEndpoint(string appId, WeChatPushReceiver? receiver, int maxBodyBytes, ILogger logger)
{
    private const string Success = "success";

    public async Task VerifyAsync(HttpContext context)
    {
        if (receiver is not { } push)
        {
            await NotConfiguredAsync(context).ConfigureAwait(false);
            return;
        }

        string echo;
        try
        {
            echo = push.VerifyUrl(WeChatPushQuery.From(name => context.Request.Query[name].FirstOrDefault()), context.Request.Query["echostr"].FirstOrDefault());
        }
        catch (WeChatPushException ex)
        {
            await RefuseAsync(context, ex).ConfigureAwait(false);
            return;
        }

        LogVerified(logger, appId);
        await Results.Text(echo, "text/plain").ExecuteAsync(context).ConfigureAwait(false);
    }

    public async Task ReceiveAsync(HttpContext context)
    {
        if (receiver is not { } push)
        {
            await NotConfiguredAsync(context).ConfigureAwait(false);
            return;
        }

        WeChatPushMessage message;
        try
        {
            var body = await ReadAsync(context.Request, maxBodyBytes + 1, context.RequestAborted).ConfigureAwait(false);
            message = push.Receive(WeChatPushQuery.From(name => context.Request.Query[name].FirstOrDefault()), body.Span);
        }
        catch (WeChatPushException ex)
        {
            await RefuseAsync(context, ex).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await UserProfileProblems.WriteAsync(context, ex.StatusCode, "The push is malformed.", ex.Message, "MalformedRequest").ConfigureAwait(false);
            return;
        }

        var name = message.Event ?? message.MsgType ?? string.Empty;
        var handler = context.RequestServices.GetKeyedService<IWeChatPushHandler>(name)
            ?? context.RequestServices.GetKeyedService<IWeChatPushHandler>(WeChatPushServiceCollectionExtensions.AnyEvent);

        // An avatar's verdict is applied to the kept profile first, then the app's own handler sees the push too.
        var keeper = message.MediaCheck is not null ? context.RequestServices.GetKeyedService<ProfileKeeper>(appId) : null;
        if (handler is null && keeper is null)
        {
            LogUnhandled(logger, appId, name);
        }
        else
        {
            try
            {
                if (keeper is not null)
                {
                    await keeper.ApplyVerdictAsync(message.MediaCheck!, context.RequestAborted).ConfigureAwait(false);
                }

                if (handler is not null)
                {
                    await handler.HandleAsync(message, context.RequestAborted).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // Any failure of a handler: WeChat must deliver the push again, not get a 500.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                push.AllowRedelivery(message);
                LogHandlerFailed(logger, appId, name, ex);
                await UserProfileProblems.WriteAsync(
                    context, StatusCodes.Status503ServiceUnavailable, "The push could not be handled.", "The backend could not handle this push now; WeChat delivers it again.", "PushNotHandled").ConfigureAwait(false);
                return;
            }

            LogHandled(logger, appId, name);
        }

        // WeChat takes "success" (or an empty body) as received; anything else, or no answer, and it pushes again.
        await Results.Text(Success, "text/plain").ExecuteAsync(context).ConfigureAwait(false);
    }

    private Task NotConfiguredAsync(HttpContext context)
    {
        LogNotConfigured(logger, appId);
        return UserProfileProblems.WriteAsync(
            context, StatusCodes.Status404NotFound, "Message push is not configured.", "This backend has no message push for this app: set WeChat:Push:Token (and EncodingAesKey, Mode).", "PushNotConfigured");
    }

    private Task RefuseAsync(HttpContext context, WeChatPushException ex)
    {
        LogRefused(logger, appId, ex.Error.ToString());
        var status = ex.Error switch
        {
            WeChatPushError.TooLarge => StatusCodes.Status413PayloadTooLarge,
            WeChatPushError.InvalidSignature or WeChatPushError.Expired => StatusCodes.Status401Unauthorized,
            WeChatPushError.Replayed => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return UserProfileProblems.WriteAsync(context, status, "The push was refused.", ex.Message, ex.Error.ToString());
    }

    /// <summary>The body, at most <paramref name="limit"/> bytes: enough for the receiver to see that it is too large, and no more held.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength >= limit)
        {
            throw new WeChatPushException(WeChatPushError.TooLarge, $"The push's body is larger than {limit - 1} bytes (WeChatPushOptions.MaxBodyBytes).");
        }

        var writer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        int read;
        while (writer.WrittenCount < limit
            && (read = await request.Body.ReadAsync(writer.GetMemory(Math.Min(4096, limit - writer.WrittenCount)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            writer.Advance(read);
        }

        return writer.WrittenMemory;
    }

    [LoggerMessage(EventId = 20, EventName = "WeChatPushUrlVerified", Level = LogLevel.Information, Message = "Answered WeChat's push URL verification for app {AppId}.")]
    private static partial void LogVerified(ILogger logger, string appId);

    [LoggerMessage(EventId = 21, EventName = "WeChatPushRefused", Level = LogLevel.Warning, Message = "Refused a push to app {AppId}'s push URL: {Error}. Nothing was echoed or handled.")]
    private static partial void LogRefused(ILogger logger, string appId, string error);

    [LoggerMessage(EventId = 22, EventName = "WeChatPushHandled", Level = LogLevel.Debug, Message = "Handled WeChat push {Event} for app {AppId}.")]
    private static partial void LogHandled(ILogger logger, string appId, string @event);

    [LoggerMessage(EventId = 23, EventName = "WeChatPushUnhandled", Level = LogLevel.Information, Message = "No handler for WeChat push {Event} of app {AppId}: acknowledged (register one with AddWeChatPushHandler).")]
    private static partial void LogUnhandled(ILogger logger, string appId, string @event);

    [LoggerMessage(EventId = 24, EventName = "WeChatPushHandlerFailed", Level = LogLevel.Error, Message = "The handler of WeChat push {Event} for app {AppId} failed; answered 503 so WeChat delivers it again.")]
    private static partial void LogHandlerFailed(ILogger logger, string appId, string @event, Exception exception);

    [LoggerMessage(EventId = 25, EventName = "WeChatPushNotConfigured", Level = LogLevel.Warning, Message = "A request reached the push endpoint of app {AppId}, which has no message push configured (WeChat:Push:Token).")]
    private static partial void LogNotConfigured(ILogger logger, string appId);
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>What an endpoint of the emulator reads: the method, the query and the body, already checked.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Query">The query parameters.</param>
/// <param name="Body">The body as text (strict UTF-8, at most 64 KB, no lone surrogate in any JSON string), or <see langword="null"/> for none.</param>
/// <param name="RouteValues">The route's values, such as <c>{user}</c>.</param>
internal sealed record EmulatorInput(string Method, IReadOnlyDictionary<string, string> Query, string? Body, Microsoft.AspNetCore.Routing.RouteValueDictionary RouteValues)
{
    /// <summary>A route value as text (already unescaped by routing).</summary>
    public string Route(string name) => Convert.ToString(RouteValues[name], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// Runs one endpoint of the emulator: reads and checks the body before the endpoint sees it (at most
/// <see cref="WeChatEmulator.MaxBodyBytes"/>, 413 above; strict UTF-8; no lone surrogate anywhere), and turns every
/// refusal into a 4xx with a message: malformed JSON, a refused field, or HTTP framing Kestrel refuses. Never a 500.
/// </summary>
internal static class EmulatorEndpoint
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RequestDelegate Answer(Func<EmulatorInput, CancellationToken, Task<EmulatorResponse>> endpoint, int maxBodyBytes)
        => context => AnswerAsync(context, endpoint, maxBodyBytes);

    public static RequestDelegate Answer(Func<EmulatorInput, EmulatorResponse> endpoint)
    {
        Task<EmulatorResponse> Run(EmulatorInput input, CancellationToken cancellationToken) => Task.FromResult(endpoint(input));
        return context => AnswerAsync(context, Run);
    }

    public static RequestDelegate Answer(Func<EmulatorInput, CancellationToken, Task<EmulatorResponse>> endpoint) => context => AnswerAsync(context, endpoint);

    public static Task WriteAsync(HttpContext context, EmulatorResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        return response.Bytes is { } bytes
            ? context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask()
            : context.Response.WriteAsync(response.Body, context.RequestAborted);
    }

    private static async Task AnswerAsync(HttpContext context, Func<EmulatorInput, CancellationToken, Task<EmulatorResponse>> endpoint, int maxBodyBytes = WeChatEmulator.MaxBodyBytes)
    {
        EmulatorResponse response;
        try
        {
            var body = await ReadAsync(context.Request, maxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            var query = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            response = await endpoint(new EmulatorInput(context.Request.Method, query, body, context.Request.RouteValues), context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            response = Refusal("The request body is not valid JSON.");
        }
        catch (EmulatorBadRequestException ex)
        {
            response = Refusal(ex.Message, ex.Status);
        }
        catch (BadHttpRequestException ex)
        {
            response = Refusal($"The request is malformed: {ex.Message}", ex.StatusCode);
        }

        await WriteAsync(context, response).ConfigureAwait(false);
    }

    /// <summary>The body as checked text: one byte over the limit is read at most, and refused with 413.</summary>
    private static async Task<string?> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return null; // a GET of the page's polling: nothing to read, nothing to allocate
        }

        if (request.ContentLength > maxBodyBytes)
        {
            throw new EmulatorBadRequestException($"The body is larger than {maxBodyBytes} bytes.", 413);
        }

        // Sized by Content-Length when there is one; a chunked body grows the buffer as it arrives, never past the limit.
        var limit = maxBodyBytes + 1;
        var buffer = new byte[(int)Math.Min(request.ContentLength ?? 4096, maxBodyBytes) + 1];
        var length = 0;
        int read;
        while (length < limit && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length == buffer.Length && length < limit)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
            }
        }

        if (length == 0)
        {
            return null;
        }

        if (length > maxBodyBytes)
        {
            throw new EmulatorBadRequestException($"The body is larger than {maxBodyBytes} bytes.", 413);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new EmulatorBadRequestException("The body is not valid UTF-8.");
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            WeChatEmulator.RefuseLoneSurrogates(buffer.AsSpan(0, length));
        }

        return text;
    }

    private static EmulatorResponse Refusal(string message, int status = 400) => new(status, WeChatEmulator.Message(message));
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Reads the bodies of this package's endpoints strictly, before any work: JSON (any charset parameter that says UTF-8,
/// quoted or not), bounded in size and depth, valid UTF-8, an object. Every other body is a 4xx with a message, never
/// a 500 or an empty reply.
/// </summary>
internal static class WeChatRequests
{
    private const int InitialBuffer = 4 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            || (mediaType.Charset.HasValue && !IsUtf8(HeaderUtilities.RemoveQuotes(mediaType.Charset).Value)))
        {
            throw new WeChatRequestException(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "Send the body as JSON: Content-Type: application/json (UTF-8).");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        JsonDocument document;

        // A pooled buffer sized by Content-Length (4 KB without one), grown up to the limit: a fresh maxBytes array per
        // request was 64 KB of zeroed garbage on every profile post, and the largest cost of the whole endpoint.
        var limit = maxBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, Math.Max(request.ContentLength ?? InitialBuffer, 1) + 1));
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Return(buffer, length);
                    buffer = larger;
                }
            }

            try
            {
                StrictUtf8.GetCharCount(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                throw new WeChatRequestException(StatusCodes.Status400BadRequest, "InvalidUtf8", "The body is not valid UTF-8.");
            }

            try
            {
                // Parsed from a stream, the document holds a copy of its own (pooled by System.Text.Json), so this buffer
                // goes back to the pool now.
                using var stream = new MemoryStream(buffer, 0, length, writable: false);
                document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (JsonException)
            {
                throw new WeChatRequestException(StatusCodes.Status400BadRequest, "MalformedJson", "The body is not well-formed JSON (or nests deeper than 16 levels).");
            }
        }
        finally
        {
            Return(buffer, length);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WeChatRequestException(StatusCodes.Status400BadRequest, "MalformedJson", "The body must be a JSON object.");
        }

        return document;
    }

    /// <summary>A string member, or <see langword="null"/> when absent or null; another type, or one longer than <paramref name="maxLength"/>, is a 400.</summary>
    public static string? OptionalString(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new WeChatRequestException(StatusCodes.Status400BadRequest, "InvalidField", $"{name} must be a string.");
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new WeChatRequestException(StatusCodes.Status400BadRequest, "InvalidField", $"{name} holds an escape that is not valid UTF-16 (a lone surrogate).");
        }

        return text.Length <= maxLength
            ? text
            : throw new WeChatRequestException(StatusCodes.Status400BadRequest, "InvalidField", $"{name} is longer than {maxLength} characters: it is not what getUserProfile returns.");
    }

    /// <summary>Clears what a request wrote into a pooled buffer (a login code, a profile) and returns it.</summary>
    private static void Return(byte[] buffer, int length)
    {
        buffer.AsSpan(0, Math.Min(length, buffer.Length)).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private static bool IsUtf8(string? charset) => charset is not null && (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private static WeChatRequestException TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"The body is larger than {maxBytes} bytes: it is not what this endpoint takes.");
}

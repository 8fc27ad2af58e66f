using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>
/// Reads an avatar upload, bounded in bytes before anything is decoded: <c>wx.uploadFile</c>'s multipart/form-data with
/// one file (whatever its field's name), or the image itself as the body (<c>image/*</c> or
/// <c>application/octet-stream</c>). A truncated multipart, a second file or another media type is a 4xx problem.
/// </summary>
internal static class AvatarUploads
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes + (16 * 1024L))
        {
            throw TooLarge(maxBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            throw UnsupportedType();
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(context, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        if (mediaType.Type.Equals("image", StringComparison.OrdinalIgnoreCase) || mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadBoundedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        }

        throw UnsupportedType();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadMultipartAsync(HttpContext context, int maxBytes, CancellationToken cancellationToken)
    {
        // The form's own limits: one small part besides the file at most, and the file within the avatar limit.
        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBytes + (16 * 1024L),
            ValueCountLimit = 16,
            KeyLengthLimit = 256,
            ValueLengthLimit = 4 * 1024,
            MultipartHeadersCountLimit = 8,
            MultipartHeadersLengthLimit = 4 * 1024,
        }));
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(maxBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new WeChatRequestException(
                StatusCodes.Status400BadRequest, "MalformedMultipart", "The multipart body is malformed or cut short: send the avatar as wx.uploadFile does, one file part.");
        }

        if (form.Files.Count != 1)
        {
            throw new WeChatRequestException(
                StatusCodes.Status400BadRequest, "MissingAvatarFile", $"The multipart body must hold exactly one file, the avatar (it holds {form.Files.Count}).");
        }

        var file = form.Files[0];
        if (file.Length > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var stream = file.OpenReadStream();
        await using (stream.ConfigureAwait(false))
        {
            return await ReadBoundedAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(maxBytes + 1, buffer.Length * 2));
            }
        }

        return length == 0
            ? throw new WeChatRequestException(StatusCodes.Status400BadRequest, "MissingAvatarFile", "The avatar is empty: send the file chooseAvatar gave.")
            : buffer.AsMemory(0, length);
    }

    private static WeChatRequestException TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, "AvatarTooLarge", $"The avatar is larger than {maxBytes} bytes: send a smaller image.");

    private static WeChatRequestException UnsupportedType()
        => new(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", "Send the avatar as multipart/form-data with one file (wx.uploadFile), or as the body with Content-Type image/*.", "The avatar upload's type is not taken.");
}

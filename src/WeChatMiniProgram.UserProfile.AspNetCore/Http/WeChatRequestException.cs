using Microsoft.AspNetCore.Http;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

#pragma warning disable CA1032 // Internal, and always made with the status it answers with.

/// <summary>A request this package's endpoints cannot read: its 4xx status, a title and a message that says what to send.</summary>
internal sealed class WeChatRequestException(int statusCode, string error, string message, string? title = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Error { get; } = error;

    /// <summary>Gets WeChat's content label, for a refusal by content security.</summary>
    public int? Label { get; init; }

    public string Title => title ?? StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON.",
        _ => "The request is malformed.",
    };
}

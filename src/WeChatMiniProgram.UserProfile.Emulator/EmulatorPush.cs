using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>One push the emulator delivered, or tried to, as <c>GET /emulator/pushes</c> lists it. Never a secret or a body.</summary>
/// <param name="AppId">The mini program.</param>
/// <param name="Event">The event, such as <c>wxa_media_check</c>.</param>
/// <param name="TraceId">The check's trace id.</param>
/// <param name="Attempt">1 for the first delivery, then each retry.</param>
/// <param name="Status">The backend's HTTP status, or <see langword="null"/> when it could not be reached (or no push URL is set).</param>
/// <param name="Acknowledged">Whether the backend answered <c>success</c> (or an empty 200), as WeChat requires.</param>
/// <param name="Note">What happened, in words.</param>
public sealed record EmulatorPush(
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("traceId")] string TraceId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("acknowledged")] bool Acknowledged,
    [property: JsonPropertyName("note")] string Note);

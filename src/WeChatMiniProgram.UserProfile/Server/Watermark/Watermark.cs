using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The watermark WeChat puts in every piece of open data: who it was issued to, and when.</summary>
public sealed class Watermark
{
    /// <summary>Initializes a new instance of the <see cref="Watermark"/> class.</summary>
    /// <param name="appId">The AppId the data was issued to.</param>
    /// <param name="timestamp">When the data was issued, in Unix seconds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="appId"/> is <see langword="null"/>.</exception>
    [JsonConstructor]
    public Watermark(string appId, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(appId);
        AppId = appId;
        Timestamp = timestamp;
    }

    /// <summary>Gets the AppId the data was issued to.</summary>
    [JsonPropertyName("appid")]
    public string AppId { get; }

    /// <summary>Gets when the data was issued, in Unix seconds.</summary>
    [JsonPropertyName("timestamp")]
    public long Timestamp { get; }

    /// <summary>Gets <see cref="Timestamp"/> as a <see cref="DateTimeOffset"/>, or <see cref="DateTimeOffset.MinValue"/> when it is out of range.</summary>
    [JsonIgnore]
    public DateTimeOffset IssuedAt => Timestamp is >= -62135596800 and <= 253402300799
        ? DateTimeOffset.FromUnixTimeSeconds(Timestamp)
        : DateTimeOffset.MinValue;

    /// <inheritdoc/>
    public override string ToString() => $"Watermark {{ AppId = {AppId}, Timestamp = {Timestamp} }}";
}

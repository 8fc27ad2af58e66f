namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The watermark rules of <see cref="OpenDataOptions"/> on one clock: the AppId, compared exactly, and the freshness window.</summary>
internal sealed class WatermarkRules(OpenDataOptions options, TimeProvider timeProvider)
{
    public string AppId => options.AppId!;

    public OpenDataError Check(string appId, long timestamp)
    {
        if (!string.Equals(appId, options.AppId, StringComparison.Ordinal))
        {
            return OpenDataError.AppIdMismatch;
        }

        if (options.MaxDataAge is { } maxAge)
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
            var age = Math.Abs((decimal)now - timestamp);
            if (age > (decimal)maxAge.TotalSeconds)
            {
                return OpenDataError.DataExpired;
            }
        }

        return OpenDataError.None;
    }

    /// <summary>
    /// Everything a profile decryption does after AES and before the padding verdict: the strict parse and the
    /// watermark check. A function of the plaintext bytes alone, so it does the same work whether the padding was valid
    /// or not; it throws nothing.
    /// </summary>
    public OpenDataError CheckProfile(ReadOnlySpan<byte> plaintext, out ProfileFields fields)
        => !ProfileJsonReader.TryRead(plaintext, out fields) || fields.Watermark is null
            ? OpenDataError.DecryptionFailed
            : Check(fields.Watermark.AppId, fields.Watermark.Timestamp);
}

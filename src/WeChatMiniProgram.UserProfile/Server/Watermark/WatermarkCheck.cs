namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Checks a decrypted watermark against the verifier's AppId and freshness window.</summary>
internal static class WatermarkCheck
{
    public static OpenDataError Check(string appId, long timestamp, UserProfileVerifierOptions options)
    {
        if (!string.Equals(appId, options.AppId, StringComparison.Ordinal))
        {
            return OpenDataError.AppIdMismatch;
        }

        if (options.MaxDataAge is { } maxAge)
        {
            var now = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
            var age = Math.Abs((decimal)now - timestamp);
            if (age > (decimal)maxAge.TotalSeconds)
            {
                return OpenDataError.DataExpired;
            }
        }

        return OpenDataError.None;
    }
}

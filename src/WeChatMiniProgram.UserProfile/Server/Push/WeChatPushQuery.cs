namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The query parameters of a push or of the URL verification, by WeChat's names.</summary>
/// <param name="Signature"><c>signature</c>: SHA-1 of the sorted Token, timestamp and nonce.</param>
/// <param name="Timestamp"><c>timestamp</c>: Unix seconds.</param>
/// <param name="Nonce"><c>nonce</c>: a random string.</param>
/// <param name="EncryptType"><c>encrypt_type</c>: <c>aes</c> when the body is encrypted.</param>
/// <param name="MsgSignature"><c>msg_signature</c>: SHA-1 of the sorted Token, timestamp, nonce and the body's Encrypt field.</param>
public sealed record WeChatPushQuery(string? Signature, string? Timestamp, string? Nonce, string? EncryptType = null, string? MsgSignature = null)
{
    /// <summary>Reads the parameters from a lookup of the request's query, such as <c>name =&gt; request.Query[name]</c>.</summary>
    /// <param name="query">Returns a parameter's value, or <see langword="null"/> when it is absent.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    public static WeChatPushQuery From(Func<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query("signature"), query("timestamp"), query("nonce"), query("encrypt_type"), query("msg_signature"));
    }

    /// <summary>Gets the parameters as a query string without the leading <c>?</c>, escaped, absent ones left out.</summary>
    /// <returns>The query string.</returns>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("signature", Signature);
        Add("timestamp", Timestamp);
        Add("nonce", Nonce);
        Add("encrypt_type", EncryptType);
        Add("msg_signature", MsgSignature);
        return string.Join("&", parts);
    }
}

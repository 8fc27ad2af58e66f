namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The errcodes of WeChat's login and access-token APIs, with a reason a programmer can act on for each.</summary>
public static class WeChatErrCodes
{
    /// <summary>-1: system busy; the only errcode that is retried.</summary>
    public const int SystemBusy = -1;

    /// <summary>40001: the AppSecret is wrong, or the access token is invalid or expired.</summary>
    public const int InvalidCredential = 40001;

    /// <summary>40013: invalid appid.</summary>
    public const int InvalidAppId = 40013;

    /// <summary>40029: invalid code (unknown, or expired after 5 minutes).</summary>
    public const int InvalidCode = 40029;

    /// <summary>40125: invalid appsecret.</summary>
    public const int InvalidAppSecret = 40125;

    /// <summary>40163: code been used.</summary>
    public const int CodeBeenUsed = 40163;

    /// <summary>40226: high-risk user, login intercepted.</summary>
    public const int HighRiskUser = 40226;

    /// <summary>41008: missing code.</summary>
    public const int MissingCode = 41008;

    /// <summary>42001: the access token expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>45011: API calls too frequent (rate limited).</summary>
    public const int RateLimited = 45011;

    /// <summary>stable_token: forced refreshes over WeChat's limit (20 a day, 30 s apart).</summary>
    public const int ForcedRefreshLimit = 45009;

    /// <summary>87009: invalid signature (checkSessionKey: the session key is not the user's current one).</summary>
    public const int InvalidSignature = 87009;

    /// <summary>Gets what an errcode means and what to do about it.</summary>
    /// <param name="errCode">The errcode.</param>
    /// <returns>The reason; a generic one for errcodes not listed here.</returns>
    public static string Reason(int errCode) => errCode switch
    {
        SystemBusy => "WeChat is busy. The call was retried and still failed; try again shortly.",
        InvalidCredential => "The AppSecret or the access token is invalid. Check WeChatApiOptions.AppSecret; an access token is refreshed automatically.",
        InvalidAppId => "WeChat does not know this AppId. Check WeChatApiOptions.AppId against the mini program's admin console.",
        InvalidCode => "The login code is invalid or expired (codes live 5 minutes). Call wx.login again and send the new code at once.",
        InvalidAppSecret => "The AppSecret is wrong for this AppId. Copy it again from the admin console, or reset it there.",
        CodeBeenUsed => "This login code was already exchanged: a code works once. Do not retry or replay a code; call wx.login again.",
        HighRiskUser => "WeChat intercepted this login as high-risk. Do not retry; ask the user to try again later.",
        MissingCode => "No login code was sent. Send the code wx.login returned.",
        AccessTokenExpired => "The access token expired. It is refreshed automatically on the next call.",
        RateLimited => "Too many calls to WeChat's API (rate limited). Slow down and retry later.",
        ForcedRefreshLimit => "Too many forced access-token refreshes (WeChat allows 20 a day, 30 s apart). Never force one on 40001: fetch in normal mode first.",
        InvalidSignature => "The session key is not the user's current one (a later wx.login replaced it).",
        _ => "See WeChat's errcode documentation for this code.",
    };
}

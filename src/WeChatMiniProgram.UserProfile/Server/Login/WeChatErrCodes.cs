namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The errcodes of WeChat's login, access-token and content-security APIs, with a reason a programmer can act on for each.</summary>
public static class WeChatErrCodes
{
    /// <summary>-1: system busy; the only errcode that is retried.</summary>
    public const int SystemBusy = -1;

    /// <summary>40001: the AppSecret is wrong, or the access token is invalid or expired.</summary>
    public const int InvalidCredential = 40001;

    /// <summary>40003: invalid openid (content security: the openid is not a user of this mini program).</summary>
    public const int InvalidOpenId = 40003;

    /// <summary>40013: invalid appid.</summary>
    public const int InvalidAppId = 40013;

    /// <summary>40029: invalid code (unknown, or expired after 5 minutes).</summary>
    public const int InvalidCode = 40029;

    /// <summary>40125: invalid appsecret.</summary>
    public const int InvalidAppSecret = 40125;

    /// <summary>40129: invalid scene (content security takes 1 to 4).</summary>
    public const int InvalidScene = 40129;

    /// <summary>40163: code been used.</summary>
    public const int CodeBeenUsed = 40163;

    /// <summary>40226: high-risk user, login intercepted.</summary>
    public const int HighRiskUser = 40226;

    /// <summary>41008: missing code.</summary>
    public const int MissingCode = 41008;

    /// <summary>42001: the access token expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>43104: the appid and the openid do not match (the openid belongs to another mini program).</summary>
    public const int AppIdOpenIdMismatch = 43104;

    /// <summary>43302: the API needs POST.</summary>
    public const int RequiresPost = 43302;

    /// <summary>44002: empty post data (content security: no content).</summary>
    public const int EmptyPostData = 44002;

    /// <summary>47001: the request's data format is wrong.</summary>
    public const int DataFormatError = 47001;

    /// <summary>61010: content security: the user has not opened the mini program within the last 2 hours.</summary>
    public const int UserNotRecentlyActive = 61010;

    /// <summary>-1008: mediaCheckAsync's verdict push: WeChat could not download the media URL.</summary>
    public const int MediaDownloadFailed = -1008;

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
        InvalidOpenId => "WeChat does not know this openid for this mini program: check it came from this app's code2Session.",
        InvalidScene => "The scene is not one WeChat defines: use 1 (profile), 2 (comment), 3 (forum) or 4 (social log).",
        AppIdOpenIdMismatch => "The openid belongs to another mini program: check the request is for the app whose user sent the content.",
        RequiresPost => "The API needs POST: check WeChatApiOptions.ApiBaseAddress and any proxy that rewrites the method.",
        EmptyPostData => "The content is empty: refuse empty content before checking it.",
        DataFormatError => "WeChat could not read the request (a field is missing or of the wrong type, or the text is too long).",
        UserNotRecentlyActive => "The user has not opened the mini program within 2 hours, which WeChat requires before it checks their content. Ask them to open it (and log in) again, then retry.",
        MediaDownloadFailed => "WeChat could not download the media URL: make it reachable from the internet, unguessable and valid for 30 minutes, then check again.",
        _ => "See WeChat's errcode documentation for this code.",
    };
}

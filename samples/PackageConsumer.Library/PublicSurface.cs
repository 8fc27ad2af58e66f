using System;
using System.Collections.Generic;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

namespace PackageConsumer.Library;

/// <summary>
/// Compiled against the package's netstandard2.0 build and run inside net8.0 and net10.0 apps, which load the net8.0 or
/// net10.0 build: every public settable member and every public constructor of a value type the API hands around is
/// called here, so a signature that differed between the builds (an init accessor's modreq, say) fails with
/// MissingMethodException when the app runs.
/// </summary>
public static class PublicSurface
{
    /// <summary>Constructs and sets everything; returns how many members it set.</summary>
    public static int SetEverything()
    {
        var set = 0;
        var userInfo = new UserInfo
        {
            NickName = "n", Gender = Gender.Female, Language = "zh_CN", City = "c", Province = "p", Country = "x", AvatarUrl = "https://a.example/1",
        };
        set += 7;
        var option = new Option
        {
            Desc = "d", Lang = Language.ZhCN, Success = _ => { }, Fail = _ => { }, Complete = _ => { },
        };
        set += 5;
        var client = new UserProfileClientOptions
        {
            AppId = "wx4f4bc4dec97d474b",
            AppName = "a",
            BaseLibraryVersion = new Version(3, 0, 0),
            Platform = HostPlatform.Weapp,
            EnableCloud = true,
            RequireUserGesture = false,
            MaxCallsPerSecond = 3,
            AnonymousProfile = false,
            PrivacyAgreementScopes = new List<string> { UserProfileClientOptions.UserInfoPrivacyScope },
            PromptTimeout = TimeSpan.FromSeconds(5),
        };
        set += 10;
        var openData = new OpenDataOptions { AppId = "wx4f4bc4dec97d474b", MaxDataAge = TimeSpan.FromMinutes(10) };
        set += 2;
        var api = new WeChatApiOptions
        {
            AppId = "wx4f4bc4dec97d474b", AppSecret = "s", ApiBaseAddress = new Uri("https://api.weixin.qq.com"), MaxBusyRetries = 1, BusyRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        set += 5;
        var sessions = new WeChatSessionStoreOptions { SessionLifetime = TimeSpan.FromDays(1) };
        set += 1;

        // The types the API returns, built the way a test double or a cache would.
        var results = new object[]
        {
            new SuccessCallbackResult(userInfo, "{}", "s", "e", "i", "c"),
            new CallbackResult(ErrMsgs.AuthDeny),
            new Watermark("wx4f4bc4dec97d474b", 1),
            new PhoneNumberInfo("1", "1", "86", new Watermark("wx4f4bc4dec97d474b", 1)),
            new Code2SessionResult("o", "k", null),
            new LoginResult("o", null, DateTimeOffset.FromUnixTimeSeconds(0)),
            new WeChatSession("wx4f4bc4dec97d474b", "o", null, "k", DateTimeOffset.FromUnixTimeSeconds(0)),
            new ConsentRequest("wx4f4bc4dec97d474b", "a", "d", Language.En, userInfo),
            new PrivacyAuthorizationRequest("wx4f4bc4dec97d474b", "a", "getUserProfile"),
        };

        var problems = new List<string>();
        problems.AddRange(client.GetValidationErrors());
        problems.AddRange(openData.GetValidationErrors());
        problems.AddRange(api.GetValidationErrors());
        problems.AddRange(sessions.GetValidationErrors());
        return problems.Count == 0 && results.Length == 9 && option.Desc == "d" ? set : throw new InvalidOperationException(string.Join(" ", problems));
    }
}

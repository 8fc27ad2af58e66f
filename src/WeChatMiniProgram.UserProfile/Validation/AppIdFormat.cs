namespace WeChatMiniProgram.UserProfile.Validation;

/// <summary>The shape of a mini program AppId: "wx" followed by 16 lowercase hex digits, as the WeChat admin console issues it.</summary>
internal static class AppIdFormat
{
    public const string Description = "\"wx\" followed by 16 lowercase hex digits, e.g. wx4f4bc4dec97d474b, with no surrounding spaces";

    public static bool IsValid(string? appId)
    {
        if (appId is null || appId.Length != 18 || appId[0] != 'w' || appId[1] != 'x')
        {
            return false;
        }

        for (var i = 2; i < appId.Length; i++)
        {
            if (appId[i] is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}

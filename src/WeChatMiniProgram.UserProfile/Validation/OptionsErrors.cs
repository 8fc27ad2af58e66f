namespace WeChatMiniProgram.UserProfile.Validation;

/// <summary>
/// The one way an options type reports its rules: each type lists its errors (its public <c>GetValidationErrors</c>,
/// which ASP.NET Core's <c>IValidateOptions</c> reads too), and the constructor that takes it throws them as one
/// <see cref="ArgumentException"/>.
/// </summary>
internal static class OptionsErrors
{
    public static void ThrowIfAny(string optionsType, IReadOnlyList<string> errors, string paramName = "options")
    {
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid {optionsType}: {string.Join(" ", errors)}", paramName);
        }
    }

    /// <summary>Adds the AppId rule every options type shares: required, in WeChat's exact form.</summary>
    public static void CheckAppId(List<string> errors, string? appId)
    {
        if (appId is null or "")
        {
            errors.Add($"AppId is required: {AppIdFormat.Description}.");
        }
        else if (!AppIdFormat.IsValid(appId))
        {
            errors.Add($"AppId must be {AppIdFormat.Description}.");
        }
    }
}

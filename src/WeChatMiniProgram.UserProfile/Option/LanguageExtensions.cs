namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Converts <see cref="Language"/> values to and from the wire names the mini-program APIs use.
/// </summary>
public static class LanguageExtensions
{
    /// <summary>
    /// Gets the wire name of <paramref name="language"/>: <c>"en"</c>, <c>"zh_CN"</c> or <c>"zh_TW"</c>.
    /// </summary>
    /// <param name="language">The language.</param>
    /// <returns>The wire name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="language"/> is not a defined value.</exception>
    public static string ToWireName(this Language language) => language switch
    {
        Language.En => "en",
        Language.ZhCN => "zh_CN",
        Language.ZhTW => "zh_TW",
        _ => throw new ArgumentOutOfRangeException(nameof(language), (int)language, "Language must be En, ZhCN or ZhTW."),
    };

    /// <summary>
    /// Parses a wire name (<c>"en"</c>, <c>"zh_CN"</c> or <c>"zh_TW"</c>, matched exactly) into a <see cref="Language"/>.
    /// </summary>
    /// <param name="value">The wire name.</param>
    /// <param name="language">The parsed language, or <see cref="Language.En"/> when parsing fails.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is one of the three wire names.</returns>
    public static bool TryParseWireName(string? value, out Language language)
    {
        switch (value)
        {
            case "en":
                language = Language.En;
                return true;
            case "zh_CN":
                language = Language.ZhCN;
                return true;
            case "zh_TW":
                language = Language.ZhTW;
                return true;
            default:
                language = Language.En;
                return false;
        }
    }

    internal static bool IsDefined(this Language language) => language is Language.En or Language.ZhCN or Language.ZhTW;
}

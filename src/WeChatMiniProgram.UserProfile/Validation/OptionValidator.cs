namespace WeChatMiniProgram.UserProfile.Validation;

/// <summary>Checks an <see cref="Option"/> against the spec before anything is shown to the user.</summary>
internal static class OptionValidator
{
    /// <summary>wx.getUserProfile: desc is "不超过30个字符", counted as JavaScript's string length (UTF-16 code units).</summary>
    public const int MaxDescLength = 30;

    /// <summary>Returns the errMsg the option fails with, or <see langword="null"/> when it is valid.</summary>
    public static string? Validate(Option option)
    {
        if (option.Desc is null)
        {
            return ErrMsgs.DescMissing;
        }

        // string.Length is the UTF-16 code unit count, exactly JavaScript's desc.length.
        if (option.Desc.Length is 0 or > MaxDescLength)
        {
            return ErrMsgs.DescLength;
        }

        return option.Lang.IsDefined() ? null : ErrMsgs.LangInvalid;
    }
}

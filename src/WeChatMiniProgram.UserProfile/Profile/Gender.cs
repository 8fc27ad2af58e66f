namespace WeChatMiniProgram.UserProfile;

/// <summary>The user's gender as WeChat reports it. Serialised as the number.</summary>
public enum Gender
{
    /// <summary>Unknown or not shared (0). The anonymised profile always reports this.</summary>
    Unknown = 0,

    /// <summary>Male (1).</summary>
    Male = 1,

    /// <summary>Female (2).</summary>
    Female = 2,
}

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>What mediaCheckAsync downloads (<c>media_type</c>).</summary>
public enum ContentMediaType
{
    /// <summary>1: audio.</summary>
    Audio = 1,

    /// <summary>2: an image.</summary>
    Image = 2,
}

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>The format of pushed messages (数据格式), as set in the admin console.</summary>
public enum WeChatPushFormat
{
    /// <summary>JSON.</summary>
    Json,

    /// <summary>XML, with the message's fields as the children of <c>&lt;xml&gt;</c>.</summary>
    Xml,
}

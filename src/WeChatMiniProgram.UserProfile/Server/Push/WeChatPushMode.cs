namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>How WeChat sends pushes to the backend (消息加解密方式), as set in the admin console.</summary>
public enum WeChatPushMode
{
    /// <summary>明文模式: the message in clear, signed with the Token over the timestamp and nonce only (not the body).</summary>
    Plaintext,

    /// <summary>兼容模式: the message in clear and encrypted, side by side; this receiver reads the encrypted one.</summary>
    Compatible,

    /// <summary>安全模式: the message encrypted (AES-256-CBC under the EncodingAESKey) and signed over the ciphertext. Recommended.</summary>
    Secure,
}

using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WeChatMiniProgram.UserProfile.Serialization;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// Source-generated System.Text.Json metadata for the wire types of getUserProfile, with WeChat's field names: what a
/// client sends a backend, read and written without reflection (trim- and AOT-safe).
/// </summary>
/// <remarks>
/// Reading respects nullable annotations: a missing or null required field is a <see cref="JsonException"/>, not a
/// null property. To write with your own settings (indentation, an encoder), add <see cref="Resolver"/> to your
/// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>.
/// </remarks>
public static class UserProfileJson
{
    /// <summary>Gets the metadata of <see cref="UserProfile.SuccessCallbackResult"/>: <c>JsonSerializer.Deserialize(json, UserProfileJson.SuccessCallbackResult)</c>.</summary>
    public static JsonTypeInfo<SuccessCallbackResult> SuccessCallbackResult => UserProfileJsonContext.Default.SuccessCallbackResult;

    /// <summary>Gets the metadata of <see cref="UserProfile.CallbackResult"/>.</summary>
    public static JsonTypeInfo<CallbackResult> CallbackResult => UserProfileJsonContext.Default.CallbackResult;

    /// <summary>Gets the metadata of <see cref="UserProfile.UserInfo"/>.</summary>
    public static JsonTypeInfo<UserInfo> UserInfo => UserProfileJsonContext.Default.UserInfo;

    /// <summary>Gets a resolver for all three types, to combine with your own options.</summary>
    public static IJsonTypeInfoResolver Resolver => UserProfileJsonContext.Default;

    /// <summary>
    /// Gets an encoder that writes JSON as WeChat and browsers do: only <c>"</c>, <c>\</c> and control characters are
    /// escaped; Chinese text and emoji stay UTF-8 text (System.Text.Json's own encoders write an emoji as two
    /// <c>\u</c> escapes). For JSON people and peers read; not for embedding in HTML or a script.
    /// </summary>
    public static System.Text.Encodings.Web.JavaScriptEncoder ReadableEncoder => ReadableJsonEncoder.Instance;
}

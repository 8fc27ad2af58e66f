using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Serialization;

/// <summary>Source-generated JSON metadata for the SDK's wire types (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(SuccessCallbackResult))]
[JsonSerializable(typeof(CallbackResult))]
[JsonSerializable(typeof(UserInfo))]
internal sealed partial class UserProfileJsonContext : JsonSerializerContext
{
}

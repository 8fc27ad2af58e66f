using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Serialization;

/// <summary>Source-generated JSON metadata for the wire types of getUserProfile; public through UserProfileJson.</summary>
[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SuccessCallbackResult))]
[JsonSerializable(typeof(CallbackResult))]
[JsonSerializable(typeof(UserInfo))]
internal sealed partial class UserProfileJsonContext : JsonSerializerContext
{
}

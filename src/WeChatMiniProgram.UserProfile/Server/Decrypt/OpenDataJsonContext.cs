using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>Source-generated JSON metadata for the open data models the verifier ships.</summary>
[JsonSourceGenerationOptions(RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(PhoneNumberInfo))]
internal sealed partial class OpenDataJsonContext : JsonSerializerContext
{
}

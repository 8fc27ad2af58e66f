using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Tool;

/// <summary>Source-generated JSON for the tool's own output types; the SDK's wire types come from <see cref="UserProfileJson"/>.</summary>
[JsonSerializable(typeof(WeChatMiniProgram.UserProfile.Tool.Commands.VerifiedProfile))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>Source-generated JSON for the emulator's own output: the call log.</summary>
[JsonSerializable(typeof(IReadOnlyList<EmulatorCall>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

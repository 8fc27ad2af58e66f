using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Tests.Serialization;

public sealed class UserProfileJsonTests
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = UserProfileJson.ReadableEncoder, TypeInfoResolver = UserProfileJson.Resolver };

    [Fact]
    public void ReadableEncoder_WritesTextAsBrowsersDo_EscapingOnlyWhatJsonRequires()
    {
        var user = new UserInfo { NickName = "小明😀 \"Q\" \\ <b>&'\n\u0001", City = "广州" };

        var json = JsonSerializer.Serialize(user, Readable);

        json.Should().Contain("小明😀 \\\"Q\\\" \\\\ <b>&'\\n\\u0001").And.Contain("广州");
        json.Should().NotContain("\\uD83D", "an emoji is text, not two escapes");
        JsonSerializer.Deserialize(json, UserProfileJson.UserInfo).Should().Be(user, "what is written reads back exactly");
    }

    [Fact]
    public void UserInfo_ReadWithNullableAnnotationsRespected_NullFieldIsAnError()
    {
        var act = () => JsonSerializer.Deserialize("{\"nickName\":null}", UserProfileJson.UserInfo);

        act.Should().Throw<JsonException>();
    }
}

using WeChatMiniProgram.UserProfile.AspNetCore;
using WeChatMiniProgram.UserProfile.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));   // WeChat:AppId, :AppSecret, :ApiBaseAddress
builder.Services.AddRedisWeChatSessionStore(builder.Configuration.GetConnectionString("Sessions") ?? "127.0.0.1:6379");
builder.Services.AddAuthentication(WeChatSessionDefaults.AuthenticationScheme).AddWeChatSession();
builder.Services.AddAuthorization();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapWeChatLogin("/login");       // {"code":"…"} from wx.login -> {"token":"…","expires_in":7200,"openid":"…"}
app.MapWeChatProfile("/profile");   // the kept profile: GET, PUT /nickname, PUT /avatar, DELETE; /avatars/{id}
app.MapGet("/me", (HttpContext http) => new { openid = http.User.GetWeChatOpenId() }).RequireAuthorization();
app.Run();

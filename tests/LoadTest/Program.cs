// A bare endpoint for the load test's baseline: the same host as the sample (WebApplication.CreateBuilder, the same
// logging), and POST /profile reads the whole body and answers JSON of the size given by --ResponseBytes (the size of
// the sample's answer), so the two differ only in what the SDK adds: sign-in, reading and verifying the profile.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var size = app.Configuration.GetValue("ResponseBytes", 300);
var body = System.Text.Encoding.UTF8.GetBytes("{\"nickName\":\"" + new string('x', Math.Max(0, size - 16)) + "\"}");
app.MapPost("/profile", async (HttpContext context) =>
{
    using var buffer = new MemoryStream();
    await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.Body.WriteAsync(body, context.RequestAborted);
});
app.Run();

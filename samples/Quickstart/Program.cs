// The README's quickstarts, as they run: the Task style (the user allows), then the callback style (the user denies).
//   dotnet run --project samples/Quickstart
using Quickstart;

Console.WriteLine("== Task style (the user allows)");
await TaskStyle.RunAsync();
Console.WriteLine("== Callback style (the user denies)");
await CallbackStyle.RunAsync();

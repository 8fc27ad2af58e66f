using System.Text;
using WeChatMiniProgram.UserProfile.Tool;

Console.OutputEncoding = Encoding.UTF8;
return await Cli.RunAsync(args, Console.In, Console.Out, Console.Error);

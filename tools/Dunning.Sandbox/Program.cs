using Dunning.Sandbox.Extensions;
using Dunning.Sandbox.Generator;

if (GenerateCommand.IsRequested(args))
{
    return await GenerateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.UseSandboxDefaultUrl();
builder.AddSandboxServices();

var app = builder.Build();
app.UseSandboxPipeline();
app.MapSandboxEndpoints();
await app.RunAsync();
return 0;

public partial class Program;

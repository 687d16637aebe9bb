using Analytics.Dashboard;
using Analytics.Etl;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddAnalyticsCommandLine(args);
builder.Services.AddDashboard(builder.Configuration);

var app = builder.Build();
app.UseDashboard();
app.Run();

/// <summary>Entry point; public so end-to-end tests can host the app with WebApplicationFactory.</summary>
public partial class Program;

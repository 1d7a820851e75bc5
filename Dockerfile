# PaperFeed built from source (first stage) and run by an unprivileged user (second stage); everything it writes goes
# to /data (a volume). The same image is every role: `--role web`, `--role worker`, or both (no argument).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Web/PaperFeed.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY samples /app/samples
# The base image listens on port 8080 (ASPNETCORE_HTTP_PORTS).
ENV App__DataDirectory=/data
# The image's own unprivileged user (APP_UID) owns the data folder: a new volume takes its owner from it.
RUN mkdir -p /data/thumbnails && chown -R $APP_UID /data
USER $APP_UID
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "PaperFeed.Web.dll"]

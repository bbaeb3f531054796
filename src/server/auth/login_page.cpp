#include <string>

#include "server/auth/login_routes.hpp"

namespace camstream::server {

namespace {
std::string html_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}
}  // namespace

std::string login_page(const std::string& next, bool failed, bool login_needed) {
    std::string page = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>camstream: log in</title>
<style>
  body { font: 16px system-ui, sans-serif; background: #111; color: #eee; display: grid;
         place-items: center; min-height: 90vh; margin: 0; }
  form { background: #222; padding: 1.5em 2em; border-radius: 8px; display: grid; gap: .6em;
         min-width: 16em; }
  input, button { font: inherit; padding: .4em; }
  .error { color: #f88; }
</style>
</head>
<body>
)";
    if (!login_needed) {
        page += "<p>This server has no viewer passwords: <a href=\"/\">open the cameras</a>.</p>\n";
    } else {
        page += R"(<form method="post" action="/login" id="login">
<h1>camstream</h1>
)";
        if (failed) page += "<p class=\"error\" role=\"alert\">Wrong user or password.</p>\n";
        page +=
            R"(<label>User <input name="user" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="next" value=")" +
            html_escape(next) + R"(">
<button type="submit">Log in</button>
</form>
)";
    }
    page += "</body>\n</html>\n";
    return page;
}

}  // namespace camstream::server

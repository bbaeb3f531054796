# The portable camera core: the files both mock-camera and the ESP-IDF firmware
# compile. C++17, standard library only (no Boost, spdlog, fmt or exceptions),
# so ESP-IDF's toolchain takes them. The firmware's component CMakeLists
# include()s this file and uses CAMSTREAM_CAMERA_CORE_SOURCES as its SRCS, with
# the repository's src/ as an include directory.
set(CAMSTREAM_CAMERA_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/backoff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cam_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/camera_app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/capture_schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/command_line.cpp
  ${CMAKE_CURRENT_LIST_DIR}/console.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pace_message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/psram_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/send_outcome.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stream_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stream_loop.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stream_state_machine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stream_stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stream_status.cpp
  ${CMAKE_CURRENT_LIST_DIR}/websocket_url.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wifi_commands.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wifi_control.cpp
)

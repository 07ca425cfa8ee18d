# Warning flags shared by every onb target: on, clean, and a missing enum case is an error
# (every list lives in a .def file; a new kind must be handled everywhere).
function(onb_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror=switch -Wno-missing-field-initializers)
endfunction()

# onb_library(NAME DIR... DEPS ...): a library from every .cpp under the listed folders.
function(onb_library name)
  cmake_parse_arguments(ARG "" "" "DIRS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(sources)
  foreach(dir IN LISTS ARG_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp)
    list(APPEND sources ${found})
  endforeach()
  if(NOT sources)
    set(sources ${PROJECT_SOURCE_DIR}/cmake/empty.cpp)
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  onb_target_defaults(${name})
endfunction()

package dev.llmchat.frontend.chat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RenameForm(@NotBlank @Size(max = 200) String title) {
}

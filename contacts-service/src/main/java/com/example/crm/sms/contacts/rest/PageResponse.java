package com.example.crm.sms.contacts.rest;

import java.util.List;

/** One page of a list; {@code page} counts from 0, {@code total} counts every match. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {}
